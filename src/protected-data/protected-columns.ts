/**
 * Every column that holds FieldCipher output, listed once: `rotate-key` re-encrypts exactly these. A feature that
 * stores a protected field adds its table here (its table needs a uuid `id`).
 */
export const PROTECTED_COLUMNS: readonly { table: string; columns: readonly string[] }[] = [
  {
    table: 'delivery_requests',
    columns: ['address_ciphertext', 'contact_phone_ciphertext', 'notes_ciphertext'],
  },
  { table: 'messages', columns: ['body_ciphertext'] },
  { table: 'attendees', columns: ['phone_ciphertext'] },
  { table: 'calendar_feeds', columns: ['token_ciphertext'] },
];
