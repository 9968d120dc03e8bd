import { Button } from "./ui";

export function Pager({
  page,
  hasPrevious,
  nextCursor,
  onPrevious,
  onNext,
  onFirst,
  label,
}: {
  page: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  onFirst?: () => void;
  label?: string;
}) {
  return (
    <nav aria-label={label ?? "Pages"} className="mt-3 flex flex-wrap items-center gap-2 text-sm">
      {onFirst ? (
        <Button onClick={onFirst} disabled={!hasPrevious}>
          First
        </Button>
      ) : null}
      <Button onClick={onPrevious} disabled={!hasPrevious}>
        Previous
      </Button>
      <span className="px-1 text-zinc-600 dark:text-zinc-400">Page {page}</span>
      <Button onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor}>
        Next
      </Button>
    </nav>
  );
}
