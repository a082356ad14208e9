//! Benchmarks of the battery pallet (FRAME v2), one per call, each in its worst case. The shared
//! fixtures (sample data, the keystore signer runtimes with `MultiSignature` accounts use as
//! their benchmark helper) are re-exported as [`fixtures`].

use super::*;
use crate::Pallet as Battery;
use alloc::{format, vec, vec::Vec};
use battery_primitives::battery::MaintenanceRecord;
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use sp_runtime::traits::Saturating;

const SEED: u32 = 0;

/// The shared test and benchmark fixtures (`battery-test-fixtures`), for the runtime's benchmark
/// helpers: `fixtures::KeystoreSr25519` implements [`BenchmarkHelper::signer`] and
/// [`BenchmarkHelper::sign`] for `MultiSignature` / `AccountId32` accounts; `fixtures::cell`,
/// `fixtures::gbt_id` give the sample battery.
pub use battery_test_fixtures as fixtures;

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event);
}

/// An account holding `role`.
fn member<T: Config>(name: &'static str, role: Role) -> T::AccountId {
	let who: T::AccountId = account(name, role as u32, SEED);
	T::BenchmarkHelper::grant_role(&who, role);
	who
}

/// Factory data with the longest strings.
fn bench_factory() -> FactoryData {
	fixtures::with_longest_text(fixtures::pack())
}

/// The `i`-th benchmark id: a GS1 id of the longest form (42 bytes, 20-character serial).
fn bench_id(i: u32) -> BatteryId {
	BoundedVec::truncate_from(format!("(01)04006381333931(21)BENCH{i:015}").into_bytes())
}

/// A GS1 id of the longest form in stem `stem`, ending in character `last` of `0-9A-Za-z`.
fn stem_id(stem: u32, last: u32) -> BatteryId {
	const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	let mut id = format!("(01)04006381333931(21)LOT{stem:016}").into_bytes();
	id.push(ALPHABET[(last % 62) as usize]);
	BoundedVec::truncate_from(id)
}

/// Fill the stems of `ids` with another manufacturer's batteries: every other id the stem
/// allows (a GS1 serial character), so the registration reads, extends and writes the longest
/// member lists its ids can meet.
fn fill_stems<T: Config>(ids: &[BatteryId]) -> Result<(), BenchmarkError> {
	let other = member::<T>("other manufacturer", Role::Manufacturer);
	let stems: alloc::collections::BTreeSet<&[u8]> =
		ids.iter().filter_map(|id| id.split_last().map(|(_, stem)| stem)).collect();
	let fillers: Vec<BatteryId> = stems
		.into_iter()
		.flat_map(|stem| {
			(0..=u8::MAX).filter_map(move |last| {
				let mut id = stem.to_vec();
				id.push(last);
				BatteryId::try_from(id).ok()
			})
		})
		.filter(|id| validate_battery_id(id).is_ok() && !ids.contains(id))
		.collect();
	for chunk in fillers.chunks(T::MaxBatchSize::get().max(1) as usize) {
		Battery::<T>::do_register_batteries(
			other.clone(),
			bench_factory(),
			lot_ids::<T>(chunk.iter().cloned())?,
		)?;
	}
	Ok(())
}

/// `ids` as a registration's argument.
fn lot_ids<T: Config>(ids: impl Iterator<Item = BatteryId>) -> Result<BatchOf<T>, BenchmarkError> {
	BoundedVec::try_from(ids.collect::<Vec<_>>()).map_err(|_| BenchmarkError::Weightless)
}

/// A 7-byte tag UID.
fn bench_uid(i: u8) -> TagUid {
	BoundedVec::truncate_from(vec![0x04, 0x11, 0x22, 0x33, 0x44, 0x55, i])
}

/// Register one battery for `manufacturer`.
fn registered<T: Config>(manufacturer: &T::AccountId, i: u32) -> Result<BatteryId, BenchmarkError> {
	let battery = bench_id(i);
	let ids: BatchOf<T> =
		BoundedVec::try_from(vec![battery.clone()]).map_err(|_| BenchmarkError::Weightless)?;
	Battery::<T>::do_register_batteries(manufacturer.clone(), bench_factory(), ids)?;
	Ok(battery)
}

/// Put `battery` in `status` held by `custodian` (benchmark shortcut past the handovers; a lot
/// member gets its own record, as at its first change).
fn place<T: Config>(battery: &BatteryId, status: BatteryStatus, custodian: &T::AccountId) {
	if let Some(mut record) = Battery::<T>::record(battery) {
		let open_before = !record.status.is_closed();
		let previous = core::mem::replace(&mut record.custodian, custodian.clone());
		record.status = status;
		Battery::<T>::store(battery, record);
		Battery::<T>::index_custody(
			battery,
			open_before.then_some(&previous),
			(!status.is_closed()).then_some(custodian),
		);
	}
}

/// Reader keys of the benchmark's operator, user and Authority (valid X25519 keys, sorted).
fn scope_keys() -> [battery_primitives::sealed::ReaderPublicKey; 3] {
	[[0x21; 32], [0x22; 32], [0x23; 32]]
}

/// The longest inline maintenance details of `battery`, sealed for `readers`.
fn maintenance_details(
	battery: &BatteryId,
	readers: &[battery_primitives::sealed::ReaderPublicKey],
) -> MaintenanceEnvelope {
	battery_primitives::sealed::placeholder_envelope(
		battery_primitives::consortium::DataCategory::Maintenance,
		battery,
		readers,
		battery_primitives::battery::MAX_MAINTENANCE_CIPHERTEXT as usize,
	)
}

/// The longest running-mode envelope for `battery`, sealed for the operator, the user and the
/// Authority of [`maintained_with_user`].
fn usage_mode(battery: &BatteryId) -> UsageEnvelope {
	battery_primitives::sealed::placeholder_envelope(
		battery_primitives::consortium::DataCategory::Usage,
		battery,
		&scope_keys(),
		battery_primitives::battery::MAX_USAGE_CIPHERTEXT as usize,
	)
}

/// An in-service battery assigned to a user, reader keys for its operator, the user and the
/// Authority, and a full maintenance log whose records carry the longest details sealed for the
/// operator and `MAX_SEALED_READERS - 3` former readers (room for a grant of the other two).
fn maintained_with_user<T: Config>() -> Result<(T::AccountId, BatteryId), BenchmarkError> {
	let (operator, user, battery) = in_service_with_user::<T>()?;
	Battery::<T>::do_assign_user(operator.clone(), battery.clone(), user.clone())?;
	let [operator_key, user_key, authority_key] = scope_keys();
	T::BenchmarkHelper::set_reader_key(&operator, operator_key);
	T::BenchmarkHelper::set_reader_key(&user, user_key);
	T::BenchmarkHelper::set_authority_reader_key(authority_key);
	// The operator's key and keys of former readers, leaving room for the user's and the
	// Authority's wraps.
	let others: Vec<_> = core::iter::once(operator_key)
		.chain(
			(0..battery_primitives::sealed::MAX_SEALED_READERS - 3)
				.map(|i| [0x40u8.saturating_add(i as u8); 32]),
		)
		.collect();
	let records: Vec<MaintenanceRecordOf<T>> = (0..T::MaxMaintenanceRecords::get())
		.map(|index| MaintenanceRecord {
			index,
			date: Date::new(2026, 5, 1),
			kind: MaintenanceKind::Inspection,
			details: maintenance_details(&battery, &others),
			operator: operator.clone(),
			recorded_at: frame_system::Pallet::<T>::block_number(),
		})
		.collect();
	MaintenanceLog::<T>::insert(&battery, BoundedVec::truncate_from(records));
	MaintenanceCount::<T>::insert(&battery, T::MaxMaintenanceRecords::get());
	Ok((operator, battery))
}

/// An in-service battery held by an operator, and a user that operator registered (not yet
/// assigned).
fn in_service_with_user<T: Config>(
) -> Result<(T::AccountId, T::AccountId, BatteryId), BenchmarkError> {
	let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
	let user: T::AccountId = account("user", 0, SEED);
	// The user's role check walks its operators until an active one: register it first with
	// every other operator it may have, all suspended, so the battery's operator comes last.
	for i in 1..T::BenchmarkHelper::max_operators_per_user() {
		let other: T::AccountId = account("other-operator", i, SEED);
		T::BenchmarkHelper::grant_role(&other, Role::Operator);
		T::BenchmarkHelper::register_user(&other, &user);
		T::BenchmarkHelper::suspend(&other);
	}
	let operator = member::<T>("operator", Role::Operator);
	T::BenchmarkHelper::register_user(&operator, &user);
	let battery = registered::<T>(&manufacturer, 0)?;
	place::<T>(&battery, BatteryStatus::InService, &operator);
	Ok((operator, user, battery))
}

/// A signature of `signer` binding `uid` to `battery`.
fn tag_signature<T: Config>(
	signer: &T::AccountId,
	uid: &TagUid,
	battery: &BatteryId,
) -> Result<T::Signature, BenchmarkError> {
	let record = Battery::<T>::record(battery).ok_or(BenchmarkError::Weightless)?;
	let payload = tag_signing_payload(uid, battery, &record.factory_hash);
	T::BenchmarkHelper::sign(signer, &payload)
		.ok_or(BenchmarkError::Stop("benchmark helper cannot sign"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A lot of `n` ids with consecutive serials: as few id stems as the serial alphabet allows
	/// (62 ids a stem), each stem already holding another manufacturer's batteries under every
	/// other serial character.
	#[benchmark]
	fn register_batteries(n: Linear<1, { T::MaxBatchSize::get() }>) -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let ids: Vec<BatteryId> = (0..n).map(|i| stem_id(i / 62, i % 62)).collect();
		fill_stems::<T>(&ids)?;
		let ids = lot_ids::<T>(ids.into_iter())?;
		let lot = NextLotId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(manufacturer.clone()), bench_factory(), ids);

		assert_last_event::<T>(Event::LotRegistered { lot, manufacturer, size: n });
		Ok(())
	}

	/// `s` ids each with its own stem (each stem full but for it): what a stem adds to a
	/// registration is this benchmark's slope less `register_batteries`'
	/// ([`Pallet::registration_weight`]).
	#[benchmark]
	fn register_scattered_batteries(
		s: Linear<1, { T::MaxBatchSize::get() }>,
	) -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let ids: Vec<BatteryId> = (0..s).map(|i| stem_id(i, 0)).collect();
		fill_stems::<T>(&ids)?;
		let ids = lot_ids::<T>(ids.into_iter())?;
		let lot = NextLotId::<T>::get();

		#[extrinsic_call]
		register_batteries(RawOrigin::Signed(manufacturer.clone()), bench_factory(), ids);

		assert_last_event::<T>(Event::LotRegistered { lot, manufacturer, size: s });
		Ok(())
	}

	#[benchmark]
	fn bind_tag() -> Result<(), BenchmarkError> {
		// Worst case: signed by a registered signing key, replacing a tag bound before.
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let signer = T::BenchmarkHelper::signer();
		Battery::<T>::do_add_signing_key(manufacturer.clone(), signer.clone())?;
		let battery = registered::<T>(&manufacturer, 0)?;
		let old = bench_uid(0);
		let signature = tag_signature::<T>(&signer, &old, &battery)?;
		Battery::<T>::do_bind_tag(
			manufacturer.clone(),
			battery.clone(),
			old.clone(),
			[1; 32],
			signer.clone(),
			signature,
		)?;
		let uid = bench_uid(1);
		let signature = tag_signature::<T>(&signer, &uid, &battery)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(manufacturer),
			battery.clone(),
			uid.clone(),
			[2; 32],
			signer.clone(),
			signature,
		);

		assert_last_event::<T>(Event::TagBound {
			battery,
			uid,
			ndef_hash: [2; 32],
			signer,
			replaced: Some(old),
		});
		Ok(())
	}

	#[benchmark]
	fn add_signing_key() {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let key: T::AccountId = account("key", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(manufacturer.clone()), key.clone());

		assert_last_event::<T>(Event::SigningKeyAdded { owner: manufacturer, key });
	}

	#[benchmark]
	fn remove_signing_key() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let key: T::AccountId = account("key", 0, SEED);
		Battery::<T>::do_add_signing_key(manufacturer.clone(), key.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(manufacturer.clone()), key.clone());

		assert_last_event::<T>(Event::SigningKeyRemoved { owner: manufacturer, key });
		Ok(())
	}

	#[benchmark]
	fn offer_custody() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let carrier = member::<T>("carrier", Role::Logistics);
		let battery = registered::<T>(&manufacturer, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(manufacturer.clone()), battery.clone(), carrier.clone());

		// The benchmark CLI may advance the block before the call: read the block after it.
		let expires_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::CustodyOfferTimeout::get());

		assert_last_event::<T>(Event::CustodyOffered {
			battery,
			from: manufacturer,
			to: carrier,
			expires_at,
		});
		Ok(())
	}

	#[benchmark]
	fn accept_custody() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let carrier = member::<T>("carrier", Role::Logistics);
		let battery = registered::<T>(&manufacturer, 0)?;
		Battery::<T>::do_offer_custody(manufacturer.clone(), battery.clone(), carrier.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(carrier.clone()), battery.clone());

		assert_last_event::<T>(Event::CustodyTransferred {
			battery,
			from: manufacturer,
			to: carrier,
		});
		Ok(())
	}

	#[benchmark]
	fn cancel_custody_offer() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let carrier = member::<T>("carrier", Role::Logistics);
		let battery = registered::<T>(&manufacturer, 0)?;
		Battery::<T>::do_offer_custody(manufacturer.clone(), battery.clone(), carrier.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(carrier.clone()), battery.clone());

		assert_last_event::<T>(Event::CustodyOfferCancelled { battery, by: carrier });
		Ok(())
	}

	#[benchmark]
	fn transition() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let battery = registered::<T>(&manufacturer, 0)?;
		// Worst case: a closing transition, which also clears custody offers. Where a recycling
		// pallet drives the recycler's steps (`EndOfLifeByRecycling`), those are refused here:
		// the worst case left is the operator retiring a battery.
		let (by, from, to) = if T::EndOfLifeByRecycling::get() {
			let operator = member::<T>("operator", Role::Operator);
			place::<T>(&battery, BatteryStatus::InService, &operator);
			(operator, BatteryStatus::InService, BatteryStatus::Retired)
		} else {
			let recycler = member::<T>("recycler", Role::Recycler);
			place::<T>(&battery, BatteryStatus::Waste, &recycler);
			(recycler, BatteryStatus::Waste, BatteryStatus::Recycled)
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(by.clone()), battery.clone(), to);

		assert_last_event::<T>(Event::StatusChanged { battery, from, to, by });
		Ok(())
	}

	/// A transition that is a lot member's first change: its manufacturer is also its carrier
	/// (Manufacturer and Logistics roles) and moves it from `Manufactured` to `InTransit`, so
	/// the battery's own record is written and it leaves its lot. The call weighs the larger of
	/// this and [`transition`](Pallet::transition)'s worst case.
	#[benchmark]
	fn transition_first_change() -> Result<(), BenchmarkError> {
		let maker = member::<T>("manufacturer", Role::Manufacturer);
		T::BenchmarkHelper::grant_role(&maker, Role::Logistics);
		let battery = registered::<T>(&maker, 0)?;
		let (from, to) = (BatteryStatus::Manufactured, BatteryStatus::InTransit);

		#[extrinsic_call]
		transition(RawOrigin::Signed(maker.clone()), battery.clone(), to);

		assert_last_event::<T>(Event::StatusChanged { battery, from, to, by: maker });
		Ok(())
	}

	#[benchmark]
	fn assign_user() -> Result<(), BenchmarkError> {
		let (operator, user, battery) = in_service_with_user::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), battery.clone(), user.clone());

		assert_last_event::<T>(Event::UserAssigned { battery, operator, user });
		Ok(())
	}

	#[benchmark]
	fn unassign_user() -> Result<(), BenchmarkError> {
		// Worst case: a sealed running mode to remove.
		let (operator, battery) = maintained_with_user::<T>()?;
		let user = Battery::<T>::record(&battery)
			.and_then(|record| record.assigned_user)
			.ok_or(BenchmarkError::Weightless)?;
		Battery::<T>::do_set_running_mode(user.clone(), battery.clone(), usage_mode(&battery))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), battery.clone());

		assert_last_event::<T>(Event::UserUnassigned { battery, operator, user });
		Ok(())
	}

	#[benchmark]
	fn set_running_mode() -> Result<(), BenchmarkError> {
		// Worst case: every reader in scope with a key, the longest sealed mode, a mode already
		// set (replaced).
		let (_, battery) = maintained_with_user::<T>()?;
		let user = Battery::<T>::record(&battery)
			.and_then(|record| record.assigned_user)
			.ok_or(BenchmarkError::Weightless)?;
		let mode = usage_mode(&battery);
		Battery::<T>::do_set_running_mode(user.clone(), battery.clone(), mode.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), battery.clone(), mode.clone());

		assert_last_event::<T>(Event::RunningModeSet { battery, user, mode });
		Ok(())
	}

	#[benchmark]
	fn add_maintenance() -> Result<(), BenchmarkError> {
		// Worst case: a battery assigned to a user, every reader in scope with a key (operator,
		// user, Authority), the longest inline details, and a full log of full records, so the
		// oldest is dropped.
		let (operator, battery) = maintained_with_user::<T>()?;
		let index = T::MaxMaintenanceRecords::get();
		let details = maintenance_details(&battery, &scope_keys());
		let date = Date::new(2026, 6, 1);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(operator.clone()),
			battery.clone(),
			date,
			MaintenanceKind::Repair,
			details.clone(),
		);

		assert_last_event::<T>(Event::MaintenanceRecorded {
			battery,
			record: MaintenanceRecord {
				index,
				date,
				kind: MaintenanceKind::Repair,
				details,
				operator,
				recorded_at: frame_system::Pallet::<T>::block_number(),
			},
		});
		Ok(())
	}

	#[benchmark]
	fn grant_maintenance() -> Result<(), BenchmarkError> {
		// Worst case: the newest of a full log of records (the search goes to the end), each
		// with as many wraps as leave room for the grant, and a grant of every key in scope.
		let (operator, battery) = maintained_with_user::<T>()?;
		let index = T::MaxMaintenanceRecords::get().saturating_sub(1);
		// The user's and the Authority's keys (the operator's is on the record: it grants).
		let added = [scope_keys()[1], scope_keys()[2]];
		let wraps: GrantOf =
			BoundedVec::truncate_from(battery_primitives::sealed::placeholder_wraps(&added));

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), battery.clone(), index, wraps);

		assert_last_event::<T>(Event::MaintenanceAccessGranted {
			battery,
			index,
			by: operator,
			readers: BoundedVec::truncate_from(added.to_vec()),
		});
		Ok(())
	}

	#[benchmark]
	fn freeze() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let authority = member::<T>("authority", Role::Authority);
		let battery = registered::<T>(&manufacturer, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(authority.clone()), battery.clone());

		assert_last_event::<T>(Event::Frozen { battery, authority });
		Ok(())
	}

	#[benchmark]
	fn unfreeze() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let authority = member::<T>("authority", Role::Authority);
		let battery = registered::<T>(&manufacturer, 0)?;
		Battery::<T>::do_set_frozen(authority.clone(), battery.clone(), true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(authority.clone()), battery.clone());

		assert_last_event::<T>(Event::Unfrozen { battery, authority });
		Ok(())
	}

	#[benchmark]
	fn register_second_life() -> Result<(), BenchmarkError> {
		let manufacturer = member::<T>("manufacturer", Role::Manufacturer);
		let recycler = member::<T>("recycler", Role::Recycler);
		let predecessor = registered::<T>(&manufacturer, 0)?;
		place::<T>(&predecessor, BatteryStatus::WithRecycler, &recycler);
		// A pending offer to clear (worst case).
		let other = member::<T>("other-recycler", Role::Recycler);
		Battery::<T>::do_offer_custody(recycler.clone(), predecessor.clone(), other)?;
		let battery = bench_id(1);
		let origin = RawOrigin::Signed(recycler.clone());

		// Where a recycling pallet certifies second lives (`EndOfLifeByRecycling`), the call is
		// refused at once: that refusal is what it costs there.
		let refused = T::EndOfLifeByRecycling::get();

		#[block]
		{
			let result = Battery::<T>::register_second_life(
				origin.into(),
				predecessor.clone(),
				SecondLife::Repurposed,
				battery.clone(),
				bench_factory(),
			);
			assert_eq!(result.is_err(), refused);
		}

		if refused {
			return Ok(());
		}
		assert_last_event::<T>(Event::SecondLifeRegistered {
			battery,
			predecessor,
			kind: SecondLife::Repurposed,
			recycler,
		});
		Ok(())
	}

	impl_benchmark_test_suite!(Battery, crate::mock::new_bench_ext(), crate::mock::Test);
}
