// The parts of autocannon's API the http suite uses (the package ships no types).
declare module "autocannon" {
  export interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    headers?: Record<string, string>
    method?: string
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
    duration: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
