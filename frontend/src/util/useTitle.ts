import { useEffect } from 'react';

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Developer Agent` : 'Developer Agent';
  }, [title]);
}
