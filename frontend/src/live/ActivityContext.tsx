import { createContext, useContext, useMemo, useReducer, type ReactNode } from 'react';
import { activityReducer, emptyActivity, type ActivityCard } from './activity';
import { useLiveEvents } from './LiveContext';

interface ActivityValue {
  cards: ActivityCard[];
  clear: () => void;
}

const ActivityContext = createContext<ActivityValue>({ cards: [], clear: () => {} });

/** Collects agent activity from every joined conversation, for as long as the user is signed in. */
export function ActivityProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(activityReducer, emptyActivity);
  useLiveEvents((event) => {
    if (event.type !== 'query:token' && event.type !== 'repository:progress') dispatch(event);
  });
  const value = useMemo(() => ({ cards: state.cards, clear: () => dispatch({ type: 'clear' }) }), [state.cards]);
  return <ActivityContext.Provider value={value}>{children}</ActivityContext.Provider>;
}

export function useActivity(): ActivityValue {
  return useContext(ActivityContext);
}
