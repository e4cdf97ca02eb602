import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useAuth } from '../auth/AuthContext';
import { LiveClient, type LiveNotice, type LiveStatus, type SocketFactory } from './LiveClient';
import { defaultWsUrl } from './wsUrl';
import type { LiveEvent } from '../api/types';

interface LiveState {
  client: LiveClient | null;
  status: LiveStatus;
}

const LiveContext = createContext<LiveState>({ client: null, status: 'idle' });

interface LiveProviderProps {
  children: ReactNode;
  /** Tests inject a fake socket; the app uses the browser's WebSocket. */
  createSocket?: SocketFactory;
  url?: string;
}

export function LiveProvider({ children, createSocket, url }: LiveProviderProps) {
  const { session, sessionEnded } = useAuth();
  const token = session?.token ?? null;
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const endedRef = useRef(sessionEnded);
  endedRef.current = sessionEnded;
  const [state, setState] = useState<LiveState>({ client: null, status: 'idle' });

  useEffect(() => {
    if (!token) {
      setState({ client: null, status: 'idle' });
      return;
    }
    const client = new LiveClient({
      url: url ?? defaultWsUrl(),
      getToken: () => tokenRef.current,
      createSocket,
      onUnauthorized: () => endedRef.current(),
    });
    const offStatus = client.onStatus((status) => setState({ client, status }));
    setState({ client, status: client.status });
    client.start();
    const wake = () => client.reconnectNow();
    const onVisible = () => {
      if (document.visibilityState === 'visible') wake();
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', onVisible);
      offStatus();
      client.stop();
    };
  }, [token, createSocket, url]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}

/** Calls handler for every live event while mounted; the latest handler is always used. */
export function useLiveEvents(handler: (event: LiveEvent) => void): void {
  const { client } = useLive();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!client) return;
    return client.onEvent((event) => ref.current(event));
  }, [client]);
}

export function useLiveNotices(handler: (notice: LiveNotice) => void): void {
  const { client } = useLive();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!client) return;
    return client.onNotice((notice) => ref.current(notice));
  }, [client]);
}

/** Keeps the client joined to a conversation while the component is mounted. */
export function useJoinConversation(conversationId: string | null | undefined, fresh = false): void {
  const { client } = useLive();
  const freshRef = useRef(fresh);
  freshRef.current = fresh;
  useEffect(() => {
    if (!client || !conversationId) return;
    client.join(conversationId, freshRef.current ? 0 : undefined);
    return () => client.leave(conversationId);
  }, [client, conversationId]);
}

export function useTopic(topic: string): void {
  const { client } = useLive();
  useEffect(() => {
    if (!client) return;
    client.subscribe(topic);
    return () => client.unsubscribe(topic);
  }, [client, topic]);
}
