// The peers a case names (`peers:`): MCP servers the target's component
// calls through wasi:mcp/client. Each peer listens on a TCP port of the
// loopback interface; every connection gets a fresh peer process, whose
// stdio is bridged to the connection (docs/targets.md, "Peers"). The harness
// records what the target sends each peer, so a case can check it.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { TargetProcess } from '../../adapters/adapter.js';
import { commandAdapter } from '../../adapters/command.js';
import { spawnTarget } from '../../adapters/process.js';
import { packageRoot } from '../../adapters/paths.js';
import { lineSplitter } from '../client/lines.js';

/**
 * A peer as a case declares it (a fixture served like the target, or one of the suite's peer
 * scripts), or as the user replaces it (`--peer NAME=COMMAND`: any stdio MCP server).
 */
export type PeerSpec = { fixture: string } | { script: string } | { command: string };

/** The case's peers with the user's replacements (`--peer`) in place of those of the same name. */
export function withPeerCommands(peers: Record<string, PeerSpec>, commands: Record<string, string> = {}): Record<string, PeerSpec> {
  return Object.fromEntries(Object.entries(peers).map(([name, spec]) => [name, commands[name] !== undefined ? { command: commands[name] } : spec]));
}

/** The suite's peer scripts (guest-fixtures/peers/). */
export const PEER_SCRIPTS = ['legacy-only', 'crashing'] as const;

export interface PeerMessage {
  at: number;
  /** Which connection (session) of the peer, from 1. */
  connection: number;
  message: Record<string, unknown>;
}

export interface RunningPeers {
  /** For the target's environment: `{"name": "127.0.0.1:PORT"}`. */
  env: Record<string, string>;
  /** What the target sent each peer, in order. */
  sent(peer: string): PeerMessage[];
  /** Calls `fn` for every message the target sends from now on. */
  listen(fn: (peer: string, m: PeerMessage) => void): () => void;
  /** Settles once no connection from the target is open: after that, nothing more can reach a peer. */
  disconnected(): Promise<void>;
  close(): Promise<void>;
}

export interface PeerStarter {
  /** Starts a fresh peer process for a fixture peer (the same runtime and host as the target). */
  fixture(name: string): Promise<TargetProcess>;
  now(): number;
}

function startScript(name: string): TargetProcess {
  return spawnTarget(process.execPath, [join(packageRoot, 'guest-fixtures', 'peers', `${name}.mjs`)], { env: { PATH: process.env.PATH ?? '' } });
}

function startPeer(spec: PeerSpec, starter: PeerStarter): Promise<TargetProcess> {
  if ('fixture' in spec) return starter.fixture(spec.fixture);
  if ('script' in spec) return Promise.resolve().then(() => startScript(spec.script));
  // The user's own server, started as --server-command starts one (no shell, the user's environment).
  return Promise.resolve().then(async () => {
    const adapter = commandAdapter(spec.command);
    return adapter.start(await adapter.prepare({ name: 'peer', componentPath: '-', guestEnv: {}, needs: [] }, 'stdio'), 'stdio');
  });
}

export async function startPeers(specs: Record<string, PeerSpec>, starter: PeerStarter): Promise<RunningPeers> {
  const servers: Server[] = [];
  const processes = new Set<TargetProcess>();
  const sockets = new Set<Socket>();
  const log = new Map<string, PeerMessage[]>();
  const listeners = new Set<(peer: string, m: PeerMessage) => void>();
  const onDisconnected: (() => void)[] = [];
  const env: Record<string, string> = {};
  // Each peer has a process started ahead of its next connection: a connection gets a peer that
  // has had time to start, as it would in a deployment, instead of one whose start-up counts
  // against the host's wait for its server/discover answer (2 s, docs/targets.md).
  const spares = new Map<string, Promise<TargetProcess>>();
  const startTracked = (spec: PeerSpec) => {
    const started = startPeer(spec, starter).then((p) => {
      processes.add(p);
      return p;
    });
    started.catch(() => undefined); // the connection that takes it reports the failure
    return started;
  };
  const nextProcess = (name: string, spec: PeerSpec) => {
    const ready = spares.get(name) ?? startTracked(spec);
    spares.set(name, startTracked(spec));
    return ready;
  };
  for (const [name, spec] of Object.entries(specs)) {
    log.set(name, []);
    spares.set(name, startTracked(spec));
    let connections = 0;
    const server = createServer((socket) => {
      const connection = ++connections;
      sockets.add(socket);
      socket.setEncoding('utf8');
      const pending: string[] = [];
      let proc: TargetProcess | undefined;
      socket.on('data', lineSplitter((line) => {
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(line) as Record<string, unknown>;
        } catch {
          message = { unreadable: line };
        }
        const m = { at: starter.now(), connection, message };
        log.get(name)!.push(m);
        for (const l of listeners) l(name, m);
        if (proc) proc.stdin.write(`${line}\n`);
        else pending.push(line);
      }));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        void proc?.stop();
        if (sockets.size === 0) for (const settle of onDisconnected.splice(0)) settle();
      });
      const started = nextProcess(name, spec);
      void started.then(
        (p) => {
          proc = p;
          p.stdout.on('data', (chunk: Buffer) => socket.write(chunk));
          p.stderr.resume();
          void p.exited.then(() => socket.end());
          for (const line of pending.splice(0)) p.stdin.write(`${line}\n`);
          if (socket.destroyed) void p.stop();
        },
        () => socket.destroy(),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    env[name] = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return {
    env: { WASI_MCP_PEERS: JSON.stringify(env) },
    sent: (peer) => log.get(peer) ?? [],
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    disconnected: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((settle) => onDisconnected.push(settle))),
    async close() {
      for (const s of servers) s.close();
      for (const s of sockets) s.destroy();
      await Promise.all([...spares.values()].map((p) => p.catch(() => undefined)));
      await Promise.all([...processes].map((p) => p.stop()));
    },
  };
}
