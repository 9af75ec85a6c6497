// The one Session of the window, handed to components through React context.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState } from '../store/app-store.js';
import type { Session } from './session.js';

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext.Provider>');
  return session;
}

/** Binds a component to a slice of the UI state; it re-renders only when that slice changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useSession().app, selector);
}
