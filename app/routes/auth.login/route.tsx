import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { useState } from "react";
import { AppProvider } from "../../components/app-provider";
import { login } from "../../shopify.server";
import { loginErrorMessage } from "./login-error.server";

export const meta = () => [{ title: "Log in · Tandem" }];

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const errors = loginErrorMessage(await login(request));
  return json({ errors, apiKey: process.env.SHOPIFY_API_KEY ?? "" });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const errors = loginErrorMessage(await login(request));
  return json({ errors });
};

export default function Auth() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const { errors } = actionData ?? loaderData;

  return (
    <AppProvider apiKey={loaderData.apiKey}>
      <main>
        <Page narrowWidth title="Log in to Tandem">
          <Card>
            <Form method="post">
              <FormLayout>
                <Text as="p">
                  Tandem sends your store&apos;s orders and checkouts to Meta from the server and the browser, and shows you what was sent
                  and why. Enter your store&apos;s domain to open it in your Shopify admin.
                </Text>
                <TextField
                  type="text"
                  name="shop"
                  label="Store domain"
                  helpText="Your store's myshopify.com address, for example my-store.myshopify.com"
                  value={shop}
                  onChange={setShop}
                  autoComplete="on"
                  error={errors.shop}
                />
                <Button submit variant="primary">
                  Log in
                </Button>
              </FormLayout>
            </Form>
          </Card>
        </Page>
      </main>
    </AppProvider>
  );
}
