import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// Shopify opens the app with ?shop=...; everything else goes to the login page.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  throw redirect("/auth/login");
};
