import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CaseAccess } from './case-access';
import { LoginLimiter } from './login-limiter';
import { SessionStore } from './sessions';
import { StaffNames } from './staff-names';
import { UserDirectory } from './user-directory';

@Global()
@Module({
  controllers: [AuthController],
  providers: [
    UserDirectory,
    SessionStore,
    LoginLimiter,
    CaseAccess,
    AuthService,
    StaffNames,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, StaffNames],
})
export class AuthModule {}
