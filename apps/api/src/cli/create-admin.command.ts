import type { INestApplicationContext } from '@nestjs/common';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { AdminService } from '../admin/admin.service';
import { CreateUserDto } from '../admin/dto/user.dto';

/**
 * Makes an administrator (the first one of a production database), validated like the API does,
 * password rules included (12–128 characters, not a common password, not the username).
 */
export async function createAdmin(
  app: INestApplicationContext,
  input: { username: string; displayName?: string; password: string },
): Promise<number> {
  const dto = plainToInstance(CreateUserDto, {
    username: input.username,
    displayName: input.displayName ?? 'システム管理者',
    role: 'admin',
    password: input.password,
  });
  const errors = await validate(dto);
  if (errors.length) {
    for (const e of errors)
      process.stderr.write(`${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}\n`);
    return 2;
  }
  // The password rules apply as in the API (a weak one: DomainError, printed by main.ts). The
  // administrator types their own password here, so it is not a one-time password.
  const user = await app.get(AdminService).createUser(dto, { mustChangePassword: false });
  process.stdout.write(`Created admin ${user.username} (${user.id}).\n`);
  return 0;
}
