/**
 * Paths where API.md leaves room for interpretation, gathered so they are easy to align with
 * the server. API.md lists `/contacts/:id` and `/items/:id` beside nested collections; they are
 * read here as top-level resources (shallow nesting).
 */
export const paths = {
  contact: (id: string) => `/contacts/${id}`,
  councilItem: (id: string) => `/items/${id}`,
  visitAction: (id: string, action: 'submit' | 'approve' | 'return' | 'reopen') => `/visits/${id}/${action}`,
  followUpLink: (id: string, linkId: string) => `/follow-ups/${id}/links/${linkId}`,
};
