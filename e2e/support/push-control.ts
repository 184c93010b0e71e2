/** Reads the local push service's control API (push-service/control.ts) from the specs. */

export interface PushedMessage {
  endpointId: string;
  state: 'queued' | 'sent' | 'acked' | 'expired' | 'discarded' | 'cancelled' | 'replaced' | 'unregistered';
  /** The sender's request headers, lower-cased. */
  headers: Record<string, string>;
  /** 100 decrypted and delivered, 101 decryption failed, 102 not delivered. */
  ackCode?: number;
}

export interface PushRequest {
  endpointId: string;
  status: number;
}

export interface PushChannel {
  channelID: string;
  endpoint: string;
  active: boolean;
}

interface ServiceState {
  browsers: Array<{ uaid: string; online: boolean; channels: PushChannel[] }>;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The pushes the service accepted for this endpoint. */
export async function pushesTo(pushUrl: string, endpoint: string): Promise<PushedMessage[]> {
  const query = new URLSearchParams({ endpoint });
  return (await getJson<{ messages: PushedMessage[] }>(`${pushUrl}/_control/messages?${query}`)).messages;
}

/** Every POST to this endpoint and the status the service answered. */
export async function requestsTo(pushUrl: string, endpoint: string): Promise<PushRequest[]> {
  const query = new URLSearchParams({ endpoint });
  return (await getJson<{ requests: PushRequest[] }>(`${pushUrl}/_control/requests?${query}`)).requests;
}

/** The channel behind a push endpoint and whether its browser is connected; undefined if unknown. */
export async function channelOf(
  pushUrl: string,
  endpoint: string,
): Promise<(PushChannel & { browserOnline: boolean }) | undefined> {
  const { browsers } = await getJson<ServiceState>(`${pushUrl}/_control/state`);
  for (const browser of browsers) {
    const channel = browser.channels.find((candidate) => candidate.endpoint === endpoint);
    if (channel) return { ...channel, browserOnline: browser.online };
  }
  return undefined;
}
