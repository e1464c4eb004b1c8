/**
 * Runs in the sandboxed preload, which can `require` only 'electron' and a few builtins: this
 * file is bundled into one CommonJS script (electron/build.ts) so the channel names come from
 * core/bridge.ts without a runtime import. It exposes exactly `invoke` and `subscribe`: no
 * ipcRenderer, no event objects (they carry `sender`), nothing that reaches Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, type BridgeResult, type ColdstartBridge } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';

const bridge: ColdstartBridge = {
  invoke(procedure: string, input: unknown): Promise<BridgeResult> {
    return ipcRenderer.invoke(IPC_CHANNELS.invoke, String(procedure), input) as Promise<BridgeResult>;
  },
  subscribe(listener: (message: EventMessage) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe expects a function');
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(IPC_CHANNELS.event, forward);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('coldstart', bridge);
