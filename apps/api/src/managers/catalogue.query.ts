import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CommandService } from '@skype-manager/application';
import { notFound } from '../http/problem';

export interface CatalogueView {
  currency: string;
  prices: Record<string, number>;
}

export class GetCatalogueQuery extends Query<CatalogueView> {
  constructor(readonly managerId: string) {
    super();
  }
}

/** The feature prices in force (the default catalogue until the Manager sets its own). */
@QueryHandler(GetCatalogueQuery)
export class GetCatalogueHandler implements IQueryHandler<GetCatalogueQuery> {
  constructor(private readonly commands: CommandService) {}

  async execute({ managerId }: GetCatalogueQuery): Promise<CatalogueView> {
    const view = await this.commands.read(managerId, ({ ledger }) =>
      ledger.status === 'open' ? { currency: ledger.currency, prices: { ...ledger.catalogue } } : null,
    );
    if (!view) throw notFound('manager-not-found', 'No such Manager');
    return view;
  }
}
