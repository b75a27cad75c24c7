import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit, type ShouldRevalidateFunction } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Layout, Page } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { HydrateApart } from "../../components/hydrate-apart";
import { IntlWarmUp } from "../../components/intl-warm-up";
import { useDateFormat } from "../../components/use-date-format";
import { requireFormData } from "../../http/read-form.server";
import { authenticate } from "../../shopify.server";
import { ActivationCard } from "./activation-card";
import { toFormData, toFormState, type FormState } from "./form-state";
import { DestinationsSection } from "./destinations-section";
import { ServerCopiesSection } from "./server-copies-section";
import { AlertsSection, ConsentSection, EventsSection, FiltersSection, MatchKeysSection, ValueSection } from "./settings-sections";
import { handleSettingsAction, loadSettingsPage } from "./settings-page.server";

export const meta: MetaFunction = () => [{ title: "Settings · Tandem" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return json(await loadSettingsPage(session.shop, admin.graphql));
};

// Following a test event's answer (polled every few seconds) changes nothing the page loaded.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "answer" ? false : defaultShouldRevalidate;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const result = await handleSettingsAction(session.shop, await requireFormData(request), admin.graphql, request.headers.get("user-agent"));
  return json(result, { status: result.ok ? 200 : 400 });
};

const SAVE_BAR_ID = "settings-save-bar";

export default function SettingsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { format } = useDateFormat();
  const saved = useMemo(() => toFormState(data.settings, data.alerts.emails), [data.settings, data.alerts.emails]);
  const [state, setState] = useState<FormState>(saved);
  const dirty = JSON.stringify(state) !== JSON.stringify(saved);

  // After a save the form shows what is stored (the token field empties: it is write-only),
  // App Bridge says so in a toast; a refused save moves focus to the first field to fix.
  useEffect(() => {
    if (result?.ok) {
      if (result.intent === "save") window.shopify?.toast?.show("Settings saved");
      return;
    }
    if (result && !result.ok) {
      const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
      first?.scrollIntoView({ block: "center" });
    }
  }, [result]);
  // The form follows what is stored once a save succeeded. Keyed by the stored VALUES, not
  // by the action's answer alone: the revalidated loader data can commit in a later render
  // than the answer, and a reset to the older values left the save bar open (seen once in CI).
  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    if (result?.ok) setState(saved);
  }, [result, savedKey]);
  // The admin's contextual save bar while there are unsaved changes.
  useEffect(() => {
    void (dirty ? window.shopify?.saveBar?.show(SAVE_BAR_ID) : window.shopify?.saveBar?.hide(SAVE_BAR_ID));
  }, [dirty]);

  const set: <K extends keyof FormState>(key: K, value: FormState[K]) => void = (key, value) =>
    setState((current) => ({ ...current, [key]: value }));
  const errors = result && !result.ok ? result.errors : {};
  const activation = result?.ok && "activation" in result ? result.activation : data.activation;
  const busy = navigation.state === "submitting";
  const intent = navigation.formData?.get("intent");
  const save = () => submit(toFormData(state), { method: "post" });
  const props = { state, set, errors, choices: data.choices };

  return (
    <Page title="Settings">
      <IntlWarmUp />
      <ui-save-bar id={SAVE_BAR_ID}>
        {/* App Bridge reads `variant` and `loading` from these buttons (attributes React does not type). */}
        <button {...{ variant: "primary", loading: busy && intent === "save" ? "" : undefined }} onClick={save} disabled={busy}>
          Save
        </button>
        <button onClick={() => setState(saved)}>Discard</button>
      </ui-save-bar>
      <Layout>
        <Layout.Section>
          <HydrateApart>
            <BlockStack gap="400">
              {result && !result.ok ? <Banner tone="critical" title="Nothing was saved: fix the fields marked below." /> : null}
              <ActivationCard
                activation={activation}
                pixels={data.destinations.length}
                lastEventAt={data.lastStorefrontEventAt}
                themeEditorUrl={data.themeEditorUrl}
                retrying={busy && intent === "retry"}
                onRetry={() => submit({ intent: "retry" }, { method: "post" })}
              />
            </BlockStack>
          </HydrateApart>
        </Layout.Section>
        <HydrateApart>
          <DestinationsSection destinations={data.destinations} />
        </HydrateApart>
        <HydrateApart>
          <EventsSection {...props} />
        </HydrateApart>
        <HydrateApart>
          <ServerCopiesSection {...props} />
        </HydrateApart>
        <HydrateApart>
          <ValueSection {...props} />
        </HydrateApart>
        <HydrateApart>
          <MatchKeysSection {...props} />
        </HydrateApart>
        <HydrateApart>
          <FiltersSection {...props} />
        </HydrateApart>
        <HydrateApart>
          <ConsentSection {...props} locale={format.locale} />
        </HydrateApart>
        <HydrateApart>
          <AlertsSection {...props} contactEmail={data.alerts.contactEmail} />
        </HydrateApart>
        <Layout.Section>
          <InlineStack align="end" gap="200">
            {dirty ? <Button onClick={() => setState(saved)}>Discard</Button> : null}
            <Button variant="primary" loading={busy && intent === "save"} onClick={save}>
              Save
            </Button>
          </InlineStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
