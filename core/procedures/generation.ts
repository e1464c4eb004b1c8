/** Procedures of the generation domain; core/contract.ts spreads them into the one contract. */
export const generationProcedures = {} as const;

export const generationEvents = {} as const;
