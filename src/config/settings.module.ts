import { DynamicModule, Global, Module } from '@nestjs/common';
import { SERVICE_SETTINGS, ServiceSettings } from './service-settings';

/** The resolved settings, for every module that asks for SERVICE_SETTINGS. */
@Global()
@Module({})
export class SettingsModule {
  static with(settings: ServiceSettings): DynamicModule {
    return { module: SettingsModule, providers: [{ provide: SERVICE_SETTINGS, useValue: settings }], exports: [SERVICE_SETTINGS] };
  }
}
