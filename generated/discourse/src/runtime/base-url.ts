import { ConnectorError } from './errors.js';
import type { ConnectionDefinition, ConnectionSettings } from './types.js';

/**
 * The API's base URL, without a trailing slash: `settings.baseUrl` when given, else the server template
 * (the one the `serverField` selects, when several are offered) with its variables filled from the settings,
 * falling back to each field's default (OAS 3.1 §4.8.6: every server variable has a default).
 */
export function resolveBaseUrl(connection: ConnectionDefinition, settings: ConnectionSettings): string {
  const override = settings.baseUrl;
  if (typeof override === 'string' && override.trim() !== '') return stripSlash(override.trim());
  const { serverField, variables } = connection.baseUrl;
  const selected = serverField === undefined ? undefined : textValue(settings[serverField]) ?? fieldDefault(connection, serverField);
  const template = selected ?? connection.baseUrl.template;
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const field = variables[name] ?? name;
    const value = textValue(settings[field]) ?? fieldDefault(connection, field);
    if (value === undefined) {
      throw new ConnectorError(`connection field ${field} is needed to build the base URL ${template}`);
    }
    return value;
  });
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(filled)) {
    throw new ConnectorError(`the API's server URL "${filled}" is not absolute: set baseUrl in the connection settings`);
  }
  return stripSlash(filled);
}

function textValue(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function fieldDefault(connection: ConnectionDefinition, name: string): string | undefined {
  const value = connection.fields.find((f) => f.name === name)?.default;
  return value === undefined || value === '' ? undefined : value;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
