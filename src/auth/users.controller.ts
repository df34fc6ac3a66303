import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { uuidPipe } from '../common/validation';
import { CurrentActor, Roles } from '../access/access.decorators';
import { CreateUserDto, NewPasswordDto, UpdateUserDto, UserDto } from './auth.dto';
import { Principal } from '../access/principal';
import { UsersService } from './users.service';

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Create a login for a coordinator (with siteId), clinician (staffId), patient (patientId) or admin. */
  @Post()
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  /** Every login, by username, disabled ones included. */
  @Get()
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  /** Change the login's display name (null removes it). */
  @Patch(':id')
  update(@Param('id', uuidPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(id, dto);
  }

  /** The user can no longer sign in, and their sessions end at once. An admin cannot disable themself. */
  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentActor() actor: Principal, @Param('id', uuidPipe()) id: string): Promise<UserDto> {
    return this.users.disable(actor, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  enable(@Param('id', uuidPipe()) id: string): Promise<UserDto> {
    return this.users.enable(id);
  }

  /** Set a new password (the same rules as at creation); the user's sessions end. */
  @Post(':id/password')
  @HttpCode(204)
  resetPassword(@Param('id', uuidPipe()) id: string, @Body() dto: NewPasswordDto): Promise<void> {
    return this.users.resetPassword(id, dto.password);
  }
}
