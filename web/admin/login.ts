import { api, call } from '../api.ts';
import { errorMessage } from '../lib/api-error.ts';
import { byId } from '../lib/dom.ts';
import { clearError } from './show-error.ts';

/** The login form: the token is exchanged for an HttpOnly admin cookie. */
export class LoginView {
  private readonly view = byId('login-view', HTMLElement);
  private readonly form = byId('login-form', HTMLFormElement);
  private readonly token = byId('admin-token', HTMLInputElement);
  private readonly error = byId('login-error', HTMLElement);

  constructor(private readonly onLoggedIn: () => void) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.logIn();
    });
  }

  show(message?: string): void {
    this.view.hidden = false;
    if (message) {
      this.error.textContent = message;
      this.error.hidden = false;
    } else {
      clearError(this.error);
    }
    this.token.focus();
  }

  hide(): void {
    this.view.hidden = true;
  }

  private async logIn(): Promise<void> {
    clearError(this.error);
    const submit = this.form.querySelector('button[type="submit"]');
    if (submit instanceof HTMLButtonElement) submit.disabled = true;
    try {
      await call(api.api.admin.login.$post({ json: { token: this.token.value.trim() } }));
      this.token.value = '';
      this.onLoggedIn();
    } catch (error) {
      this.error.textContent = errorMessage(error);
      this.error.hidden = false;
    } finally {
      if (submit instanceof HTMLButtonElement) submit.disabled = false;
    }
  }
}
