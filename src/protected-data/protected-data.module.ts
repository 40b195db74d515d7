import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { FieldCipher } from './field-cipher.js';

/** The one cipher for protected fields, keyed from the configuration; any feature that stores such fields imports it. */
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new FieldCipher({
          currentKeyId: config.dataEncryptionKeyId,
          currentKey: config.dataEncryptionKey,
          oldKeys: config.dataEncryptionOldKeys,
        }),
    },
  ],
  exports: [FieldCipher],
})
export class ProtectedDataModule {}
