import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import { AppProblem, notFound } from '../http/problem';
import { Public, Roles, SanctioningOfficer, type AuthenticatedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { LoginLimiter } from './login-limiter';
import type { AuthenticatedUser } from './roles';
import { StaffNames } from './staff-names';

export class LoginDto {
  @ApiProperty({ example: 'cai.aline' })
  @IsString({ message: "L'identifiant est obligatoire" })
  @MinLength(1, { message: "L'identifiant est obligatoire" })
  @MaxLength(100, { message: "L'identifiant est trop long" })
  username!: string;

  @ApiProperty({ example: 'demo' })
  @IsString({ message: 'Le mot de passe est obligatoire' })
  @MinLength(1, { message: 'Le mot de passe est obligatoire' })
  @MaxLength(200, { message: 'Le mot de passe est trop long' })
  password!: string;
}

@ApiTags('Authentification')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: LoginLimiter,
    private readonly staff: StaffNames,
  ) {}

  /**
   * Limited per username across addresses and per address across usernames (login-limiter.ts), in PostgreSQL so that
   * every replica counts the same tries. The address is the socket's, or X-Forwarded-For from a TRUSTED_PROXIES proxy.
   */
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Connexion : renvoie un jeton (Bearer) et le profil' })
  async login(
    @Body() body: LoginDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const attempt = await this.limiter.begin(body.username, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!attempt.allowed) {
      res.setHeader('Retry-After', String(attempt.retryAfterSeconds));
      throw new AppProblem(
        429,
        'TOO_MANY_REQUESTS',
        'Trop de tentatives, réessayez plus tard',
        `Trop de tentatives de connexion échouées : réessayez dans ${Math.ceil(attempt.retryAfterSeconds / 60)} minute(s).`,
      );
    }
    const result = await this.auth.login(body.username, body.password).catch(async (error: unknown) => {
      await this.limiter.finish(attempt.id, 'failure');
      throw error;
    });
    await this.limiter.finish(attempt.id, result ? 'success' : 'failure');
    if (!result) throw new AppProblem(401, 'INVALID_CREDENTIALS', 'Identifiant ou mot de passe incorrect');
    return result;
  }

  @Post('logout')
  @HttpCode(204)
  @SanctioningOfficer('any')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Déconnexion : le jeton présenté cesse de valoir, sur toutes les instances' })
  async logout(@Req() req: AuthenticatedRequest, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    if (req.sessionId) await this.auth.logout(req.sessionId, user);
  }

  @Post('users/:username/sessions/revocation')
  @HttpCode(200)
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "(admin) Met fin à toutes les sessions d'un utilisateur : ses jetons sont refusés dès maintenant",
  })
  async revoke(@Param('username') username: string, @CurrentUser() admin: AuthenticatedUser) {
    const ended = await this.auth.revokeSessions(username, admin);
    if (ended === null) throw notFound('Cet utilisateur est inconnu.');
    return { username, sessionsEnded: ended };
  }

  @Get('me')
  @SanctioningOfficer('any')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Profil de l'utilisateur connecté" })
  async me(@CurrentUser() user: AuthenticatedUser) {
    const record = this.auth.findUser(user.username);
    const name = await this.staff.name(user.username);
    return {
      id: user.userId,
      username: user.username,
      role: user.role,
      cri: user.cri,
      displayName: record?.displayName ?? name?.displayName ?? user.username,
      label: name?.label ?? user.username,
    };
  }
}
