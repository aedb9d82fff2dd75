// The three ways out, chosen by LETTR_DELIVERY. Each sends one copy to one envelope recipient and reports a
// TransmitOutcome; none throws for a delivery problem.
import type { TransmitOutcome } from '../outcome.js';
import type { Envelope } from '../smtp/transmit.js';

export type DeliveryMode = 'local' | 'relay' | 'mx';

export interface Transport {
  readonly mode: DeliveryMode;
  send(envelope: Envelope, message: Buffer): Promise<TransmitOutcome>;
  close(): void;
}

export interface SmtpClientSettings {
  ehloName: string;
  connectMs: number;
  socketMs: number;
  maxConnectionsPerDestination: number;
  maxMessagesPerConnection: number;
  idleMs: number;
}
