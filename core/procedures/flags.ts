/** Procedures of the flags domain; core/contract.ts spreads them into the one contract. */
export const flagsProcedures = {} as const;

export const flagsEvents = {} as const;
