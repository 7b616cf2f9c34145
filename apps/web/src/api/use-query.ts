import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, problemFrom, type Problem } from './client';

export interface QueryState<T> {
  data: T | null;
  problem: Problem | null;
  loading: boolean;
  reload: () => Promise<T | null>;
}

/** Loads `fetcher()` whenever `key` changes; the last answer wins (an older, slower answer is dropped). */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const seq = useRef(0);
  const fetchRef = useRef(fetcher);
  fetchRef.current = fetcher;

  const run = useCallback(async (): Promise<T | null> => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const result = await fetchRef.current();
      if (mine === seq.current) {
        setData(result);
        setProblem(null);
      }
      return result;
    } catch (error) {
      if (mine === seq.current)
        setProblem(error instanceof ApiError ? error.problem : problemFrom(undefined, undefined));
      return null;
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (key === null) return;
    void run();
  }, [key, run]);

  return { data, problem, loading, reload: run };
}
