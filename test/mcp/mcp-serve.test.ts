/** Which HTTP addresses count as this machine only (Host and Origin checks, no token needed). */
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/mcp/mcp-serve.js';

describe('loopback addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['192.168.1.5', false],
    ['::', false],
    ['127.0.0.1.example.com', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});
