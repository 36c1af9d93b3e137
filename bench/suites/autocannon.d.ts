// The parts of autocannon's API the http suite uses (the package ships no types).
declare module "autocannon" {
  export interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    headers?: Record<string, string>
    method?: string
    /** Request templates in turn; `setupRequest` may change each one (its path, say) before it is sent. */
    requests?: ReadonlyArray<{ method?: string; path?: string; setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }>
  }
  export interface Stats {
    average: number
    mean: number
    max: number
    min: number
    total: number
    [percentile: string]: number
  }
  export interface Result {
    requests: Stats
    latency: Stats
    throughput: Stats
    errors: number
    timeouts: number
    non2xx: number
    /** Answers by status class. */
    "2xx": number
    "3xx": number
    "4xx": number
    "5xx": number
    duration: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
