import { Body, Controller, Get, HttpCode, Injectable, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request } from 'express';
import { AppProblem } from '../http/problem';
import { Public } from './auth.guard';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import type { AuthenticatedUser } from './roles';

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

/** Login attempts are limited per client address and username (brute force is slowed down, others are not locked out). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Request): Promise<string> {
    const body = req.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.slice(0, 100) : '';
    return `${req.ip ?? 'unknown'}|${username}`;
  }
}

@ApiTags('Authentification')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @Throttle({ login: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Connexion : renvoie un jeton (Bearer) et le profil' })
  async login(@Body() body: LoginDto) {
    const result = await this.auth.login(body.username, body.password);
    if (!result) throw new AppProblem(401, 'INVALID_CREDENTIALS', 'Identifiant ou mot de passe incorrect');
    return result;
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Profil de l'utilisateur connecté" })
  me(@CurrentUser() user: AuthenticatedUser) {
    const record = this.auth.findUser(user.username);
    return { id: user.userId, username: user.username, role: user.role, cri: user.cri, displayName: record?.displayName ?? user.username };
  }
}
