import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestUser {
  id: string;
  username: string;
  displayName: string;
  role: 'officer' | 'manager' | 'hq' | 'admin';
  stationId: string | null;
  sessionId?: string;
}

/** Per-request facts that the audit writer and loggers need, without threading them through calls. */
export interface RequestContextData {
  requestId: string;
  clientIp: string | null;
  user?: RequestUser;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
};
