/**
 * The provider service container handlers reach as `ctx.services`.
 */
import type { ServiceContainer } from '../handler/context.js';

/**
 * @example
 * const services = createServiceContainer();
 * services.set('db', pool);
 * services.get<Pool>('db');
 */
export function createServiceContainer(): ServiceContainer {
  const values = new Map<string, unknown>();
  return {
    set<T>(name: string, value: T): void {
      values.set(name, value);
    },
    get<T>(name: string): T {
      if (!values.has(name)) throw new Error(`service "${name}" is not registered (register it in a provider)`);
      return values.get(name) as T;
    },
    has(name: string): boolean {
      return values.has(name);
    },
  };
}
