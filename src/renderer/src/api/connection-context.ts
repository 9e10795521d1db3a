import { createContext, useContext } from 'react';
import type { Api } from '#shared/ipc/contract';
import type { Connection } from './connection';

export const ConnectionContext = createContext<Connection | null>(null);

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('useConnection() needs a ConnectionContext provider');
  return connection;
}

export function useApi(): Api {
  return useConnection().api;
}
