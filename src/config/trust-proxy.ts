import { isIP } from 'node:net';

/**
 * Which proxies' X-Forwarded-For Express believes when it works out `req.ip` (the address that
 * login limits count): none (`off`, the default: the connection's own address), the number of
 * proxies in front of the service, or their addresses and subnets. Never "everyone": then any client
 * could name its own address in the header and walk past the per-address limit.
 */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY as Express's `trust proxy` setting, or undefined when it is none of the accepted forms. */
export function parseTrustProxy(text: string | undefined): TrustProxy | undefined {
  const value = (text ?? '').trim();
  if (value === '' || value === 'off') return false;
  if (/^\d+$/.test(value)) return Number(value) >= 1 && Number(value) <= 10 ? Number(value) : undefined;
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every(isProxyAddress) ? entries : undefined;
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}
