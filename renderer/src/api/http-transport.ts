import type { EventMessage } from '../../../core/contract.ts';
import { AppError, errorFromReply, parseReplyJson, readReply } from '../../../core/errors.ts';
import { EVENT_NAMES, type Transport } from './transport.ts';

export const TOKEN_KEY = 'coldstart.token';

export interface HttpTransportDeps {
  /** Origin (and path prefix) of the server; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
  /** Where a team-mode bearer token is kept; sessionStorage so it dies with the tab. */
  storage?: Pick<Storage, 'getItem'> | null;
  XMLHttpRequest?: typeof XMLHttpRequest;
}

/** `POST /api/<procedure>` with JSON, server-sent events at `/api/events`, raw uploads at `/api/upload`. */
export function httpTransport(deps: HttpTransportDeps = {}): Transport {
  const base = deps.baseUrl ?? '';
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const token = () => deps.storage?.getItem(TOKEN_KEY) ?? null;
  const authHeaders = (): Record<string, string> => {
    const t = token();
    return t ? { Authorization: `Bearer ${t}` } : {};
  };

  const listeners = new Set<(message: EventMessage) => void>();
  let source: EventSource | null = null;

  function openSource(): void {
    const ES = deps.EventSource ?? globalThis.EventSource;
    if (!ES) return;
    const t = token();
    // EventSource cannot send headers; the server accepts the token as a query parameter here only.
    source = new ES(`${base}/api/events${t ? `?token=${encodeURIComponent(t)}` : ''}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        let data: unknown;
        try {
          data = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return;
        }
        const message = { event: name, data } as EventMessage;
        for (const listener of [...listeners]) listener(message);
      });
    }
  }

  return {
    kind: 'http',
    async invoke(procedure, input) {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/${procedure}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...authHeaders() },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        throw new AppError('unavailable', `Cannot reach the Coldstart server (${error instanceof Error ? error.message : String(error)}).`);
      }
      return readBody(response);
    },

    subscribe(listener) {
      listeners.add(listener);
      if (!source) openSource();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },

    upload(file, onProgress) {
      const XHR = deps.XMLHttpRequest ?? globalThis.XMLHttpRequest;
      // fetch cannot report upload progress; XHR can, and a big import deserves a moving bar.
      return new Promise<string>((resolve, reject) => {
        const xhr = new XHR();
        xhr.open('POST', `${base}/api/upload`);
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
        xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.onerror = () => reject(new AppError('unavailable', 'The upload failed: the server could not be reached.'));
        xhr.onload = () => {
          const body = parseReplyJson(xhr.responseText);
          if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object' && 'uploadId' in body) resolve(String(body.uploadId));
          else reject(errorFromReply(xhr.status, body));
        };
        xhr.send(file);
      });
    },
  };
}

async function readBody(response: Response): Promise<unknown> {
  return readReply(response.status, response.ok, await response.text());
}
