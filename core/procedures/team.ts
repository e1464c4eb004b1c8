/** Procedures of the team domain; core/contract.ts spreads them into the one contract. */
export const teamProcedures = {} as const;

export const teamEvents = {} as const;
