/**
 * The one IssueStore of this process, opened on first use. The file comes from NOTES_DB
 * (default `data/notes.db` under the working directory; `:memory:` keeps nothing).
 */
import path from 'node:path';
import { IssueStore } from './issue-store.js';

let store: IssueStore | undefined;

/** Where the database lives. */
export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['NOTES_DB'];
  return configured !== undefined && configured.length > 0 ? configured : path.join(process.cwd(), 'data', 'notes.db');
}

/** The shared store. */
export function issues(): IssueStore {
  store ??= new IssueStore(databasePath());
  return store;
}
