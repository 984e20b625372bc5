/**
 * Protocol revisions this runtime speaks and version negotiation.
 */

/** Oldest first. Revision modules (e.g. rev2026) may register more at start-up. */
export const SUPPORTED_REVISIONS: string[] = ['2025-03-26', '2025-06-18', '2025-11-25'];

/** The newest revision: what initialize answers when the client asks for one we do not know. */
export function latestRevision(): string {
  return SUPPORTED_REVISIONS[SUPPORTED_REVISIONS.length - 1] ?? '2025-11-25';
}

/** Answer the requested revision if supported, else the latest. */
export function negotiateRevision(requested: unknown): string {
  return typeof requested === 'string' && SUPPORTED_REVISIONS.includes(requested) ? requested : latestRevision();
}

export function isSupportedRevision(version: string): boolean {
  return SUPPORTED_REVISIONS.includes(version);
}

/** ISO dates compare as strings: true when `version` is `min` or newer. */
export function atLeast(version: string, min: string): boolean {
  return version >= min;
}
