import { useEffect, useRef } from 'react';
import type { GatewayProfile, MessageType } from '#shared/domain/message';
import { ErrorMessage, Hint, Select, errorId, hintId } from '../../components/FormFields';
import {
  ADD_ROUTE_ID,
  addRoute,
  destinationHint,
  focusAfterRemove,
  removeRoute,
  routeFieldId,
  routeLimitText,
  routeTypeOptions,
  routePath,
  updateRoute,
  withoutRoute,
  type FormErrors,
  type RouteValues,
} from '../../lib/gateway-form';

interface RoutesFieldsetProps {
  /** The chosen protocol: it decides which message types a route may carry (issue 13). */
  profile: GatewayProfile;
  routes: readonly RouteValues[];
  onChange: (routes: RouteValues[]) => void;
  errors: FormErrors;
  onErrorsChange: (errors: FormErrors) => void;
  /** Editing a gateway whose saved routes main does not send: they must be entered again. */
  askAgain: boolean;
  announce: (text: string) => void;
}

const GROUP_ID = 'gateway-routes';

/**
 * Which message types go to which destination at the gateway: a small repeatable group, one fieldset
 * per route ("Route 2"), with "Add a route" and "Remove route 2". Adding focuses the new route's first
 * field; removing focuses the route that takes its place (or the one before) and says what happened.
 */
export function RoutesFieldset({
  profile,
  routes,
  onChange,
  errors,
  onErrorsChange,
  askAgain,
  announce,
}: RoutesFieldsetProps) {
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    if (pendingFocus.current === null) return;
    document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  }, [routes]);

  const add = () => {
    const next = addRoute(routes, profile);
    pendingFocus.current = routeFieldId(next.length - 1, 'messageType');
    onChange(next);
  };

  const remove = (index: number) => {
    const next = removeRoute(routes, index);
    pendingFocus.current = focusAfterRemove(index, next.length);
    onChange(next);
    onErrorsChange(withoutRoute(errors, index));
    announce(`Route ${index + 1} removed`);
  };

  const groupError = errors.fields.routes;
  const limit = routeLimitText(profile);
  return (
    <div className={`nhsuk-form-group${groupError ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset
        className="nhsuk-fieldset"
        aria-describedby={[hintId(GROUP_ID), groupError ? errorId(GROUP_ID) : null].filter(Boolean).join(' ')}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Routes</legend>
        <Hint id={hintId(GROUP_ID)}>
          Which messages go to which destination at the gateway. The destination is its name in the gateway’s
          configuration, for example mwl for the worklist.
          {limit ? ` ${limit}` : null}
          {askAgain ? ' Enter the routes again: Modality Link does not show the saved ones.' : null}
        </Hint>
        {groupError ? <ErrorMessage id={errorId(GROUP_ID)}>{groupError}</ErrorMessage> : null}
        {routes.map((route, index) => (
          <RouteItem
            key={route.key}
            index={index}
            profile={profile}
            route={route}
            errors={errors}
            removable={routes.length > 1}
            onChange={(change) => onChange(updateRoute(routes, index, change))}
            onRemove={() => remove(index)}
          />
        ))}
        <button
          type="button"
          id={ADD_ROUTE_ID}
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
          onClick={add}
        >
          Add a route
        </button>
      </fieldset>
    </div>
  );
}

interface RouteItemProps {
  index: number;
  profile: GatewayProfile;
  route: RouteValues;
  errors: FormErrors;
  removable: boolean;
  onChange: (change: Partial<Omit<RouteValues, 'key'>>) => void;
  onRemove: () => void;
}

function RouteItem({ index, profile, route, errors, removable, onChange, onRemove }: RouteItemProps) {
  const number = index + 1;
  const typeId = routeFieldId(index, 'messageType');
  const destinationId = routeFieldId(index, 'destination');
  const itemError = errors.fields[routePath(index)];
  const typeError = errors.fields[routePath(index, 'messageType')];
  const destinationError = errors.fields[routePath(index, 'destination')];
  const itemErrorId = `gateway-route-${number}-error`;
  const destinationHintId = hintId(destinationId);
  return (
    <fieldset
      className={`nhsuk-fieldset app-route${itemError ? ' app-route--error' : ''}`}
      aria-describedby={itemError ? itemErrorId : undefined}
    >
      <legend className="nhsuk-fieldset__legend app-route__legend">Route {number}</legend>
      {itemError ? <ErrorMessage id={itemErrorId}>{itemError}</ErrorMessage> : null}
      <div className="app-route__fields">
        <div className={`nhsuk-form-group${typeError ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor={typeId}>
            Message type
          </label>
          {typeError ? <ErrorMessage id={errorId(typeId)}>{typeError}</ErrorMessage> : null}
          <Select
            id={typeId}
            value={route.messageType}
            onChange={(value) => onChange({ messageType: value as MessageType })}
            options={routeTypeOptions(profile, route.messageType)}
            error={Boolean(typeError)}
            describedBy={typeError ? errorId(typeId) : undefined}
          />
        </div>
        <div className={`nhsuk-form-group${destinationError ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor={destinationId}>
            Destination
          </label>
          <Hint id={destinationHintId}>{destinationHint(profile)}</Hint>
          {destinationError ? (
            <ErrorMessage id={errorId(destinationId)}>{destinationError}</ErrorMessage>
          ) : null}
          <input
            className={`nhsuk-input nhsuk-input--code nhsuk-input--width-20${destinationError ? ' nhsuk-input--error' : ''}`}
            id={destinationId}
            name={destinationId}
            type="text"
            value={route.destination}
            onChange={(event) => onChange({ destination: event.target.value })}
            aria-describedby={[destinationHintId, destinationError ? errorId(destinationId) : null]
              .filter(Boolean)
              .join(' ')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
        </div>
      </div>
      {removable ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
          onClick={onRemove}
        >
          Remove route {number}
        </button>
      ) : null}
    </fieldset>
  );
}
