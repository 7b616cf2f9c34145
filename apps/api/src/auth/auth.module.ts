import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CaseAccess } from './case-access';
import { LoginLimiter } from './login-limiter';
import { SessionStore } from './sessions';
import { UserDirectory } from './user-directory';

@Module({
  controllers: [AuthController],
  providers: [UserDirectory, SessionStore, LoginLimiter, CaseAccess, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
