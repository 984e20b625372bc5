/** Resource URIs of this server, in one place so handlers and notifications agree. */
export const BOARD_URI = 'issues://board';
export const LABELS_URI = 'issues://labels';
export const issueUri = (id: number): string => `issues://issues/${id}`;
export const labelUri = (label: string): string => `issues://labels/${encodeURIComponent(label)}`;
