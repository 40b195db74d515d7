/** The PostgreSQL error code of a driver error, when there is one. */
function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (pgCode(error) !== '23505') return false;
  return (
    !constraint || (error as { driverError?: { constraint?: string } }).driverError?.constraint === constraint
  );
}
