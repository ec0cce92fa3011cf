import { useEffect, useState } from 'react';
import { api } from './api.ts';

interface Loaded<T> {
  key: string;
  data?: T;
  error?: Error;
}

/**
 * GETs `path` whenever it changes. While a new path loads, `data` still holds the previous answer
 * (the queue keeps showing its rows) and `loading` is true. `refresh` fetches again quietly: the page
 * keeps showing what it has, not a loading state, until the new answer arrives.
 */
export function useResource<T>(path: string) {
  const [version, setVersion] = useState(0);
  const [refreshes, setRefreshes] = useState(0);
  const [state, setState] = useState<Loaded<T>>();
  const key = `${version} ${path}`;

  useEffect(() => {
    const controller = new AbortController();
    api.get<T>(path, controller.signal).then(
      (data) => setState({ key, data }),
      (error: Error) => {
        if (!controller.signal.aborted) setState({ key, error });
      },
    );
    return () => controller.abort();
  }, [key, path, refreshes]);

  const current = state?.key === key;
  return {
    data: state?.data,
    error: current ? state.error : undefined,
    loading: !current,
    reload: () => setVersion((v) => v + 1),
    refresh: () => setRefreshes((r) => r + 1),
  };
}
