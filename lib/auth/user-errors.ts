// Errors of user administration (CLI and API); each is an HTTP answer too.
import { AppError } from "../http/app-error";

export class UserNotFound extends AppError {
  override readonly status = 404;
  override readonly code = "user_not_found";
  constructor(email: string) {
    super(`No user with email ${email}.`);
  }
}

export class UserExists extends AppError {
  override readonly status = 409;
  override readonly code = "user_exists";
  constructor(email: string) {
    super(`A user with email ${email} already exists.`);
  }
}

/** Refused so the console never ends up with nobody able to act. */
export class LastAdmin extends AppError {
  override readonly status = 409;
  override readonly code = "last_admin";
  constructor(email: string) {
    super(`${email} is the only enabled admin; enable or create another admin first (or pass --force on the command line).`);
  }
}
