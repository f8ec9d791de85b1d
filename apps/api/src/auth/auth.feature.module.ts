import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';

@Module({ controllers: [AuthController], providers: [AccountService, AccountRepository] })
export class AuthFeatureModule {}
