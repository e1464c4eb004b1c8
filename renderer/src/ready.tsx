import { createContext, useContext } from 'react';

/**
 * Tests wait on `<html data-app-ready="true">`: set once the shell's data and the first
 * screen's data have loaded, so a test never races a half-drawn page or sleeps.
 */
export const ReadyContext = createContext<() => void>(() => {});

export function useScreenReady(): () => void {
  return useContext(ReadyContext);
}
