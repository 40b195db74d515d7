export const MAINTENANCE_QUEUE = 'maintenance';

export const HEARTBEAT_JOB = 'heartbeat';
export const HEARTBEAT_EVERY_MS = 30_000;
