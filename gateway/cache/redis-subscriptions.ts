/**
 * Channel subscriptions over the Redis adapter's subscriber connection:
 * one SUBSCRIBE per channel however many listeners it has in this process,
 * and UNSUBSCRIBE with the last. Redis runs a connection's commands in
 * order, so an UNSUBSCRIBE followed by a new SUBSCRIBE of the same channel
 * ends subscribed. ioredis subscribes again by itself after a reconnect.
 */
import type { Redis } from "ioredis"

type Listener = (message: Buffer) => void

interface Channel {
  readonly listeners: Set<Listener>
  /** Settles once Redis confirmed the SUBSCRIBE. */
  readonly subscribed: Promise<unknown>
}

export class Subscriptions {
  private readonly channels = new Map<string, Channel>()

  constructor(private readonly subscriber: Redis) {
    subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
      const listeners = this.channels.get(channel.toString())?.listeners
      if (listeners) for (const listener of [...listeners]) if (listeners.has(listener)) listener(message)
    })
  }

  /** Resolves once messages published to `channel` reach `listener`; the result takes it off again. */
  async add(channel: string, listener: Listener): Promise<() => Promise<void>> {
    let entry = this.channels.get(channel)
    if (!entry) this.channels.set(channel, (entry = { listeners: new Set(), subscribed: this.subscriber.subscribe(channel) }))
    const own: Listener = (message) => listener(message)
    entry.listeners.add(own)
    try {
      await entry.subscribed
    } catch (error) {
      this.drop(channel, entry, own)
      throw error
    }
    return async () => {
      if (this.drop(channel, entry, own)) await this.subscriber.unsubscribe(channel)
    }
  }

  /** Takes `listener` off; true when it was the channel's last. */
  private drop(channel: string, entry: Channel, listener: Listener): boolean {
    if (!entry.listeners.delete(listener) || entry.listeners.size > 0 || this.channels.get(channel) !== entry) return false
    this.channels.delete(channel)
    return true
  }
}
