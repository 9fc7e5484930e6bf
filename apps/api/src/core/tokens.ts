/** Injection tokens of what the API is built from (given to the app module by bootstrap). */
export const API_CONFIG = Symbol('API_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CLOCK = Symbol('CLOCK');
