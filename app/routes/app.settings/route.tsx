import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Layout, Page } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { requireFormData } from "../../http/read-form.server";
import { authenticate } from "../../shopify.server";
import { ActivationCard } from "./activation-card";
import { toFormData, toFormState, type FormState } from "./form-state";
import { ConsentSection, DestinationSection, EventsSection, FiltersSection, MatchKeysSection, ValueSection } from "./settings-sections";
import { handleSettingsAction, loadSettingsPage } from "./settings-page.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return json(await loadSettingsPage(session.shop, admin.graphql));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const result = await handleSettingsAction(session.shop, await requireFormData(request), admin.graphql);
  return json(result, { status: result.ok ? 200 : 400 });
};

export default function SettingsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [state, setState] = useState<FormState>(() => toFormState(data.settings, data.destination));
  // After a save the token field empties again: the token is write-only.
  useEffect(() => {
    if (result?.ok) setState((current) => ({ ...current, accessToken: "" }));
  }, [result]);
  const set: <K extends keyof FormState>(key: K, value: FormState[K]) => void = (key, value) => setState((current) => ({ ...current, [key]: value }));
  const errors = result && !result.ok ? result.errors : {};
  const activation = result?.ok ? result.activation : data.activation;
  const busy = navigation.state === "submitting";
  const intent = navigation.formData?.get("intent");
  const props = { state, set, errors, choices: data.choices };

  return (
    <Page title="Settings">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result && !result.ok ? <Banner tone="critical" title="Nothing was saved: fix the fields marked below." /> : null}
            {result?.ok && result.intent === "save" ? <Banner tone="success" title="Settings saved." /> : null}
            <ActivationCard activation={activation} themeEditorUrl={data.themeEditorUrl} retrying={busy && intent === "retry"} onRetry={() => submit({ intent: "retry" }, { method: "post" })} />
            <DestinationSection {...props} tokenSet={Boolean(data.destination?.tokenSet)} />
            <EventsSection {...props} />
            <ValueSection {...props} />
            <MatchKeysSection {...props} />
            <FiltersSection {...props} />
            <ConsentSection {...props} />
            <InlineStack align="end">
              <Button variant="primary" loading={busy && intent === "save"} onClick={() => submit(toFormData(state), { method: "post" })}>
                Save
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
