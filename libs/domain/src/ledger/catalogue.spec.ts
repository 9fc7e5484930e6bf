import { DEFAULT_CATALOGUE, type Feature } from '@skype-manager/domain';
import { aManager, cmd, given, nothing } from '@skype-manager/testing';

describe('Set the feature catalogue', () => {
  describe('When the Manager still uses the default catalogue', () => {
    it('should change the prices named and keep the default for the others', () => {
      given(aManager())
        .when(cmd.setCatalogue({ voicemail: 350, subscription: 0 }))
        .then({
          ledger: [
            {
              type: 'CatalogueSet',
              data: {
                prices: {
                  subscription: 0,
                  'online-number': DEFAULT_CATALOGUE['online-number'],
                  voicemail: 350,
                  'call-forwarding': DEFAULT_CATALOGUE['call-forwarding'],
                  'caller-id': DEFAULT_CATALOGUE['caller-id'],
                },
              },
            },
          ],
        });
    });

    it('should refuse an unknown feature', () => {
      given(aManager())
        .when(cmd.setCatalogue({ fax: 100 } as Partial<Record<Feature, number>>))
        .thenInvalid('prices.fax');
    });

    it.each([-1, 1.5, Number.NaN, 1e13])('should refuse %p as a price', (price) => {
      given(aManager())
        .when(cmd.setCatalogue({ voicemail: price }))
        .thenInvalid('prices.voicemail');
    });

    it('should refuse an empty price list', () => {
      given(aManager()).when(cmd.setCatalogue({})).thenInvalid('prices');
    });
  });

  describe('When the Manager has set its own catalogue', () => {
    it('should keep its earlier prices for features not named', () => {
      given(aManager().withCatalogue({ voicemail: 350 }))
        .when(cmd.setCatalogue({ 'caller-id': 50 }))
        .thenState(({ ledger }) => {
          expect(ledger.status === 'open' && ledger.catalogue).toEqual({
            ...DEFAULT_CATALOGUE,
            voicemail: 350,
            'caller-id': 50,
          });
        });
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing())
        .when(cmd.setCatalogue({ voicemail: 1 }))
        .thenNotFound('manager-not-found');
    });
  });
});
