/**
 * A list the API gives a page at a time (`{items, nextCursor}`): the items
 * so far, whether more can be loaded, the last failure, and reload (after a
 * filter changes). Pure enough to test: `fetchPage` is injected.
 */
import { createSignal } from "solid-js"

export interface Page<T> {
  readonly items: readonly T[]
  readonly nextCursor: string | null
}

export const createPaged = <T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) => {
  const [items, setItems] = createSignal<readonly T[]>([])
  const [cursor, setCursor] = createSignal<string | null>(null)
  const [loading, setLoading] = createSignal(false)
  const [loaded, setLoaded] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  let generation = 0

  const load = async (append: boolean) => {
    const mine = ++generation
    setLoading(true)
    setError(undefined)
    try {
      const page = await fetchPage(append ? (cursor() ?? undefined) : undefined)
      if (mine !== generation) return
      setItems((list) => (append ? [...list, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setLoaded(true)
    } catch (failure) {
      if (mine === generation) setError(failure)
    } finally {
      if (mine === generation) setLoading(false)
    }
  }

  return {
    items,
    loading,
    loaded,
    error,
    hasMore: () => cursor() !== null,
    reload: () => load(false),
    loadMore: () => load(true),
  }
}
