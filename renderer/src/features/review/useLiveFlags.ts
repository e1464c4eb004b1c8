import { useEffect, useRef, useState } from 'react';
import type { FlagView } from '../../../../core/contract.ts';
import type { FlagInput, FlagSettings } from '../../../../core/flags/index.ts';
import FlagWorker from './flag-worker.ts?worker';
import type { FlagReply } from './flag-worker.ts';

const DEBOUNCE_MS = 120;

export interface LiveFlags {
  flags: FlagView[];
  /** The flags shown belong to an older text than the editor holds. */
  stale: boolean;
  consistency: number | null;
}

/**
 * Re-flags `text` in a worker as it changes. Until the text is first edited, the server's
 * stored flags are shown as they are. Replies to superseded requests are dropped.
 */
export function useLiveFlags(text: string, edited: boolean, stored: FlagView[], context: Omit<FlagInput, 'completion'>, settings: Partial<FlagSettings> | null): LiveFlags {
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<LiveFlags>({ flags: stored, stale: false, consistency: null });

  useEffect(() => {
    const w = new FlagWorker();
    w.onmessage = (event: MessageEvent<FlagReply>) => {
      if (event.data.id !== latest.current) return;
      if (event.data.error) console.warn(`live flagging failed: ${event.data.error}`);
      setState({ flags: event.data.flags, stale: false, consistency: event.data.consistency });
    };
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    if (!edited) {
      latest.current++;
      setState({ flags: stored, stale: false, consistency: null });
      return;
    }
    setState((s) => (s.stale ? s : { ...s, stale: true }));
    const timer = setTimeout(() => {
      const id = ++latest.current;
      worker.current?.postMessage({ id, input: { ...context, completion: text }, settings });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // context is rebuilt by the caller per render; its fields are what matter.
  }, [text, edited, stored, settings, context.prompt, context.task, context.language, context.finishReason]);

  return state;
}
