/** @skype-manager/demo: `npm run demo` — the API with a sample company, seeded through HTTP. */
export { runDemo, type DemoOptions, type DemoSummary, type RunningDemo } from './demo';
export { seedCompany, type SeededCompany } from './seed';
export { DemoClient } from './http-client';
