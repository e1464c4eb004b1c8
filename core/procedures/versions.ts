/** Procedures of the versions domain; core/contract.ts spreads them into the one contract. */
export const versionsProcedures = {} as const;

export const versionsEvents = {} as const;
